package crawltest

import (
	"fmt"
	"strings"
)

// Deterministic filler text in the register of the site's news items.
var (
	proseActors = []string{"MINUSMA", "The Mission", "UN Police", "The Force Commander", "The Special Representative",
		"Civil Affairs officers", "Peacekeepers from Bangladesh", "The Human Rights Division", "Local authorities", "Women's associations"}
	proseActs = []string{"met community leaders in", "handed over equipment to the authorities of", "organised a workshop in",
		"completed the withdrawal of personnel from", "supported the reopening of schools in", "escorted a logistics convoy to",
		"trained young volunteers in", "restored a water point in", "held a dialogue forum in", "delivered medical supplies to"}
	prosePlaces = []string{"Gao", "Timbuktu", "Kidal", "Mopti", "Ménaka", "Tessalit", "Ansongo", "Sévaré", "Bamako", "Aguelhok", "Ber", "Goundam"}
	proseCodas  = []string{"in line with Security Council resolution 2690 (2023)", "as part of the second phase of the withdrawal plan",
		"with the support of the Malian transitional authorities", "before the end of the mandate on 31 December 2023",
		"in close coordination with humanitarian partners", "to consolidate the gains of the peace agreement"}

	frActs   = []string{"a rencontré les autorités de", "a remis des équipements à", "a organisé un atelier à", "a achevé son retrait de", "a soutenu la réouverture des écoles à"}
	frCodas  = []string{"conformément à la résolution 2690 (2023)", "dans le cadre du plan de retrait", "avec l'appui des autorités de la Transition"}
	frActors = []string{"La MINUSMA", "La Mission", "La Police des Nations Unies", "Les Casques bleus"}
)

// sentence returns sentence n of the text seeded by seed.
func sentence(lang string, seed, n int) string {
	k := seed*7 + n*13
	place := prosePlaces[(k/3)%len(prosePlaces)]
	if lang == "fr" {
		return fmt.Sprintf("%s %s %s, %s.", pick(frActors, k), pick(frActs, k/2), place, pick(frCodas, k/5))
	}
	return fmt.Sprintf("%s %s %s %s.", pick(proseActors, k), pick(proseActs, k/2), place, pick(proseCodas, k/5))
}

func pick(list []string, k int) string { return list[((k%len(list))+len(list))%len(list)] }

// paragraphs returns n HTML paragraphs of three sentences each.
func paragraphs(lang string, seed, n int) string {
	var b strings.Builder
	for p := range n {
		b.WriteString("<p>")
		for s := range 3 {
			if s > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(htmlEscape(sentence(lang, seed, p*3+s)))
		}
		b.WriteString("</p>\n")
	}
	return b.String()
}
