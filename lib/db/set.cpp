// Placeholder: the set type lands with its family.
