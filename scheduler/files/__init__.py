"""Every file Fieldwork reads or writes: visit and timetable files, visit workbooks, CSV/XLSX
imports and timetable exports, with one shared field reader and the size limits every reader
applies before parsing. Readers report every problem of a file at once; nothing here touches the
database.
"""
