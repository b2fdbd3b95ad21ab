package redact

// Network address detectors: IPv4 and IPv6.

// ipv4Span returns the end of a dotted quad at s[i] (octets 0-255, no
// leading zeros), or 0. The caller checks what follows.
func ipv4Span(s string, i int) int {
	n := len(s)
	j := i
	for part := 0; part < 4; part++ {
		if part > 0 {
			if j >= n || s[j] != '.' {
				return 0
			}
			j++
		}
		k := digitRun(s, j, 4)
		d := k - j
		if d == 0 || d > 3 || (d > 1 && s[j] == '0') {
			return 0
		}
		v := 0
		for x := j; x < k; x++ {
			v = v*10 + int(s[x]-'0')
		}
		if v > 255 {
			return 0
		}
		j = k
	}
	return j
}

// ipv6At finds an IPv6 address around the colon at s[i]: the address
// starts at the hex group just before it, or at s[i] for "::".
func ipv6At(s string, i int) match {
	p := i
	for p > 0 && i-p < 5 && isHex(s[p-1]) {
		p--
	}
	if i-p > 4 || (p == i && (i+1 >= len(s) || s[i+1] != ':')) {
		return match{}
	}
	if p > 0 {
		c := s[p-1]
		if (isWord(c) && !escapeBefore(s, p)) || c == ':' || c == '.' {
			return match{}
		}
	}
	if end := ipv6(s, p); end > 0 {
		return match{start: p, end: end, kind: KindIPv6}
	}
	return match{}
}

// ipv6 returns the end of an IPv6 address starting at s[p], or 0: eight
// groups, or fewer with one "::", optionally ending in a dotted quad and
// followed by a zone (%eth0). Not matched, to spare times, code and
// hardware addresses: forms without a decimal digit (A::B, dead::beef),
// eight groups of two hex digits (MAC-like), compressed forms of at most
// two short groups (12::30) other than ::1-style, and "::" alone.
func ipv6(s string, p int) int {
	n := len(s)
	j := p
	groups, maxLen := 0, 0
	compressed, leading, hasDigit, allTwo := false, false, false, true
	if s[j] == ':' {
		compressed, leading = true, true
		j += 2
	}
	for {
		k := j
		for k < n && k-j < 5 && isHex(s[k]) {
			if isDigit(s[k]) {
				hasDigit = true
			}
			k++
		}
		g := k - j
		if g == 0 {
			break
		}
		if g > 4 {
			return 0
		}
		if k < n && s[k] == '.' {
			e := ipv4Span(s, j)
			if e == 0 {
				return 0
			}
			groups += 2
			j = e
			allTwo = false
			break
		}
		groups++
		j = k
		maxLen = max(maxLen, g)
		if g != 2 {
			allTwo = false
		}
		if groups > 8 {
			return 0
		}
		if j+1 < n && s[j] == ':' && s[j+1] == ':' {
			if compressed {
				return 0
			}
			compressed = true
			j += 2
			continue
		}
		if j+1 < n && s[j] == ':' && isHex(s[j+1]) {
			j++
			continue
		}
		break
	}
	switch {
	case groups == 0 || groups > 8 || !hasDigit:
		return 0
	case compressed && groups > 7:
		return 0
	case !compressed && (groups != 8 || allTwo):
		return 0
	case compressed && leading && groups == 1 && s[p:j] != "::1":
		return 0
	case compressed && !leading && groups <= 2 && maxLen < 3:
		return 0
	}
	zone := j+1 < n && s[j] == '%' && isAlnum(s[j+1])
	if zone {
		j++
		for j < n && (isWord(s[j]) || s[j] == '.' || s[j] == '-') {
			j++
		}
		for s[j-1] == '.' || s[j-1] == '-' {
			j--
		}
	}
	if j < n {
		c := s[j]
		if isWord(c) || (c == ':' && !zone) || (c == '.' && j+1 < n && isHex(s[j+1])) {
			return 0
		}
	}
	return j
}
