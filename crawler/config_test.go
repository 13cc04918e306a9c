package crawler

import (
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// TestValidateSettings: settings are checked without the runtime parts, and
// each negative count or duration is named.
func TestValidateSettings(t *testing.T) {
	sc := policy.DefaultScopeConfig()
	sc.Seeds = []string{"http://127.0.0.1/"}
	scope, err := policy.NewScope(sc)
	if err != nil {
		t.Fatal(err)
	}
	base := func() Config { return Config{Seeds: sc.Seeds, Scope: scope} }
	if c := base(); c.ValidateSettings() != nil || c.Validate() == nil {
		t.Fatalf("settings without transport and sink: ValidateSettings %v, Validate %v", c.ValidateSettings(), c.Validate())
	}
	for name, mod := range map[string]func(*Config){
		"workers":          func(c *Config) { c.Workers = -1 },
		"host concurrency": func(c *Config) { c.HostConcurrency = -1 },
		"delay":            func(c *Config) { c.Delay = -time.Second },
		"retry delay":      func(c *Config) { c.RetryDelay = -time.Second },
		"max wait":         func(c *Config) { c.MaxWait = -time.Second },
		"grace":            func(c *Config) { c.Grace = -time.Second },
		"no seed URL":      func(c *Config) { c.Seeds = nil },
	} {
		c := base()
		mod(&c)
		if err := c.ValidateSettings(); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: ValidateSettings %v", name, err)
		}
	}
}
