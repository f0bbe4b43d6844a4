"""Chinese for kerasedu.grading.cell_checks."""

MESSAGES = {
}
