"""Chinese for kerasedu.grading.conv_checks."""

MESSAGES = {
}
