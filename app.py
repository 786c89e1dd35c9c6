"""regionmap dashboard: `streamlit run app.py`."""

from regionmap.ui import main

main()
