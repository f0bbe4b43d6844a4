"""Chinese for kerasedu.grading.conv_pooling_checks."""

MESSAGES = {
}
