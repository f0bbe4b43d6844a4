"""Chinese for kerasedu.grading.normalization_checks."""

MESSAGES = {
}
