// Package httpbody decodes request bodies for the two receivers of the
// Noveum ingestion API, noveumtest and the local endpoint.
package httpbody

import (
	"bytes"
	"compress/gzip"
	"io"
)

// Gunzip decodes a gzip body, stopping past limit decoded bytes so that a
// small bomb cannot exhaust memory: a body that decodes to more is
// reported as tooLarge, without its content.
func Gunzip(raw []byte, limit int64) (body []byte, tooLarge bool, err error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, false, err
	}
	defer zr.Close()
	body, err = io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(body)) > limit {
		return nil, true, nil
	}
	return body, false, nil
}
