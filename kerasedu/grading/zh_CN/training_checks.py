"""Chinese for kerasedu.grading.training_checks."""

MESSAGES = {
}
