package wire

// AppendString exposes appendString to the external tests (fuzzing it
// directly reaches corners a whole span would take long to find).
var AppendString = appendString
