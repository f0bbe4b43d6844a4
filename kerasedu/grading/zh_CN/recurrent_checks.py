"""Chinese for kerasedu.grading.recurrent_checks."""

MESSAGES = {
}
