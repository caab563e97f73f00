# Courses, units and reading items arrive with the syllabus builder (issue 3).
