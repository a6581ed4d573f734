"""The project's fixed names and years, in one place: where the inputs live and what the road map counts to."""

PROJECT_FILE = "_quarto.yml"
DATA_DIR = "data"
DATAPACKAGE = f"{DATA_DIR}/datapackage.json"
EDITIONS_DIR = f"{DATA_DIR}/editions"

MILESTONE_YEARS = (2027, 2031, 2035)
TARGET_YEAR = 2040
TARGET_YEARS = (*MILESTONE_YEARS, TARGET_YEAR)

#: The area id of Luton's own values in data/areas.csv (every other area is a comparator).
LUTON = "luton"
