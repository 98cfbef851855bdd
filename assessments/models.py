"""Monthly assessments and living allowances (built on by the assessments issue)."""
