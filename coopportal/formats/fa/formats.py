# Persian separators (Django's own fa formats use the Latin "," and "."). Dates on Persian pages are
# solar hijri and go through coopportal.formatting, which does not use Django's date formats for fa.
DECIMAL_SEPARATOR = "\u066b"  # ٫ Arabic decimal separator
THOUSAND_SEPARATOR = "\u066c"  # ٬ Arabic thousands separator
NUMBER_GROUPING = 3
