"""Chinese for kerasedu.grading.merge_checks."""

MESSAGES = {
}
