"""Pages of students, their placements and stages, and position demands."""
