"""The forms catalog: definitions, the rule engine, header layout and storage."""
