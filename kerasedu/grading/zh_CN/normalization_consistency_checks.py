"""Chinese for kerasedu.grading.normalization_consistency_checks."""

MESSAGES = {
}
