"""Pages of bases, agreements, templates and evaluations. Every read goes through ``selectors``."""
