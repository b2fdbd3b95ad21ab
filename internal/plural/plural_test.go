package plural

import "testing"

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{Count(0, "span"), "0 spans"},
		{Count(1, "span"), "1 span"},
		{Count(2, "span"), "2 spans"},
		{Count(int64(1), "call"), "1 call"},
		{Count(uint64(7), "call"), "7 calls"},
		{Count(-1, "span"), "-1 spans"},
		{Count(1, "batch"), "1 batch"},
		{Count(2, "batch"), "2 batches"},
		{Count(3, "corrupt line"), "3 corrupt lines"},
		{Noun(1, "error"), "error"},
		{Noun(0, "error"), "errors"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
