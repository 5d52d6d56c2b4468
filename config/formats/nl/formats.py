# Dutch writes month names in lower case: "5 dec 2025", "14 okt 2025 09:30".
SHORT_DATE_FORMAT = "j b Y"
SHORT_DATETIME_FORMAT = "j b Y H:i"
