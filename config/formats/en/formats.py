# The short dates the portal showed in English before: "5 Dec 2025", "14 Oct 2025 09:30".
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
