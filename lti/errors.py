"""The one exception every refused LTI request raises."""


class LaunchError(Exception):
    """A launch we refuse: shown to the user and logged as a warning (lti.views.refuse).

    The message may be a lazy translation: the page shows it in the reader's language, the log in English.
    """

    def __init__(self, message, status: int = 403):
        super().__init__(message)
        self.message = message
        self.status = status
