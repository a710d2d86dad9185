"""Import the indicators (with quarterly values) and the risk register from a
spreadsheet, with the plan import's reader, heading matcher and date parsing."""
