# Beoordelingen arrive with the assessment issue; the app exists so its place in the layout is fixed.
