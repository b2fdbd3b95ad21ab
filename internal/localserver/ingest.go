package localserver

import (
	"net/http"

	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// ingestHandler is the ingestion API: noveumtest's receiver, the one the
// SDK's tests run against, with the store behind it. So the local endpoint
// answers every request as noveumtest does (the checks, their order, the
// answers), and a body accepted here is accepted there and by the service.
//
// Auth: no key is configured, so any bearer token is accepted, and so is a
// request without an Authorization header. The endpoint serves one
// developer on one machine; what keeps other programs' pages out is the
// guard in front of every route (Host and Origin), not a key. A header
// that is not a bearer token ("Basic ...", "Bearer " with none) is
// refused with 401, as at Noveum.
func (s *Server) ingestHandler(maxBody int64) http.Handler {
	return noveumtest.NewHandler(s.accept, noveumtest.WithMaxBodyBytes(maxBody))
}

// accept stores a valid batch. A trace id held already is ignored, as
// Noveum stores a trace once; an error (the file could not be written)
// becomes a 500 naming it.
func (s *Server) accept(b noveumtest.Batch) error {
	_, err := s.store.add(b.Traces)
	return err
}
