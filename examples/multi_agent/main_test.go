package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Contains(got, "jane.doe") {
		t.Error("personal data printed")
	}
	for _, want := range []string{
		// Two turns, one conversation; the first turn's stats tool fails.
		`trace "chain.research-brief": 9 spans, 1 error, conversation conv-42`,
		`trace "chain.research-brief": 9 spans, 0 errors, conversation conv-42`,
		// Siblings print in start order; the researcher's tools run in
		// parallel, so each child line is checked on its own.
		"\n      agent.researcher [ok]\n        ",
		"\n        llm.claude-sonnet-4-5 [ok] tokens=960\n",
		"\n        tool.fetch_stats [error]\n",
		"\n        tool.web_search [ok]\n",
		"    agent.writer [ok]\n      llm.gpt-4o [ok] tokens=312\n",
		// The graph: nested and linked hand-offs, tools and models, the failure.
		"agent_planner_1 -.->|hand-off ×2| agent_researcher_2",
		"agent_planner_1 -.->|hand-off ×2| agent_writer_3",
		"agent_researcher_2 -->|calls ×2| tool_fetch_stats_7",
		"agent_researcher_2 -->|calls ×2| tool_web_search_8",
		"agent_writer_3 -->|calls ×2| model_gpt_4o_5",
		`tool_fetch_stats_7[["fetch_stats<br/>2 calls, 1 error<br/>`,
		"class tool_fetch_stats_7 failed",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
