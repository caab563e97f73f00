"""English dates as the site writes them: "1 March 2027" (Django's own is "March 1, 2027"). Chinese dates use
Django's zh_Hans formats, "2027年3月1日"; templates use the `date` filter without a format to get each."""

DATE_FORMAT = "j F Y"
