"""Chinese for kerasedu.grading.im2col_checks."""

MESSAGES = {
}
