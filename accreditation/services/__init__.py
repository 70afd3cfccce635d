"""Every write of accreditation goes through these functions (views, admin, tasks, demo, tests)."""
