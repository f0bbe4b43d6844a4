"""Chinese for kerasedu.grading.autodiff_checks."""

MESSAGES = {
}
