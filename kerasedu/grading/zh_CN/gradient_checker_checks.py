"""Chinese for kerasedu.grading.gradient_checker_checks."""

MESSAGES = {
}
