"""Chinese for kerasedu.grading.regularization_checks."""

MESSAGES = {
}
