// Placeholder: the list type lands with its family.
