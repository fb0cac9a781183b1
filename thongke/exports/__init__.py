"""Exports: reports and workbooks as XLSX in the printed layout, lists as XLSX and CSV."""
