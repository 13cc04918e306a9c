package crawltest

// pageSpec is one static HTML page of minusma.unmissions.org. The tables
// below are the single source of the site's pages: the router serves them,
// the layout links them (breadcrumbs, section listings, translations) and
// the manifest lists them.
type pageSpec struct {
	Path   string   // as linked: root-relative, percent-encoded ("/en/contact")
	Title  string   // page title and link text
	Parent string   // section page (breadcrumb, listed there); "" = the front page
	Twin   string   // the translation's path, set on the French side only
	Date   string   // "2023-12-09" for news items; shown and sent as Last-Modified
	Head   string   // extra markup for <head>
	Body   string   // extra markup after the generated paragraphs
	List   []string // further pages listed on this one
	Kind   pageKind
}

type pageKind int

const (
	kindBasic        pageKind = iota
	kindSeed                  // /en: the seed file, byte for byte
	kindNewsIndex             // /en/news: paginated generated articles
	kindForm                  // a Drupal form page: Body only, no node fields
	kindHreflangOnly          // a translation named only by hreflang (discovery.go)
	kindSwitcherOnly          // a translation named only by the language switchers (translations.go)
	kindRetryLater            // Body only; 503 with a long Retry-After while the replica says so (retrylater.go)
)

// enPages are the English pages: every /en/... page the seed links, plus
// /en/radio-mikado (reachable only through a <meta http-equiv=refresh>).
var enPages = []pageSpec{
	{Path: "/en", Title: "MINUSMA", Kind: kindSeed},
	{Path: "/en/about-minusma", Title: "About MINUSMA", Body: aboutBody},
	{Path: "/en/mandate-0", Title: "Mandate", Parent: "/en/about-minusma"},
	{Path: "/en/history", Title: "History", Parent: "/en/about-minusma", Body: historyBody},
	{Path: "/en/leadership", Title: "Leadership", Parent: "/en/about-minusma"},
	{Path: "/en/personnel", Title: "Personnel", Parent: "/en/about-minusma"},
	{Path: "/en/contact", Title: "Contact us", Parent: "/en/about-minusma", Body: contactBody},
	{Path: "/en/procurement", Title: "Procurement", Parent: "/en/about-minusma", Body: procurementBody},
	{Path: "/en/jobs", Title: "Jobs", Parent: "/en/about-minusma"},

	{Path: "/en/news", Title: "News", Kind: kindNewsIndex},
	{Path: "/en/coronavirus-disease-covid-19", Title: "Coronavirus disease (COVID-19)", Parent: "/en/news"},
	{Path: "/en/news-stories", Title: "News stories", Parent: "/en/news", Body: newsStoriesBody},
	{Path: "/en/press-releases-0", Title: "Press Releases", Parent: "/en/news"},
	{Path: "/en/press-releases-2023", Title: "Press releases 2023", Parent: "/en/press-releases-0"},
	{Path: "/en/press-releases-2022", Title: "Press releases 2022", Parent: "/en/press-releases-0"},
	{Path: "/en/press-releases-2021", Title: "Press releases 2021", Parent: "/en/press-releases-0"},
	{Path: "/en/press-releases-2020", Title: "Press releases 2020", Parent: "/en/press-releases-0"},
	{Path: "/en/all-press-releases", Title: "All press releases", Parent: "/en/news", List: pressReleases2023},
	{Path: "/en/social-media", Title: "Social media", Parent: "/en/news", Body: socialMediaBody},
	{Path: "/en/media-inquiries", Title: "Media Inquiries", Parent: "/en/news", Body: mediaInquiriesBody},
	{Path: "/en/united-nations-radio-mali", Title: "Radio", Parent: "/en/news", Head: radioRefreshHead},
	{Path: "/en/radio-mikado", Title: "Mikado FM", Parent: "/en/united-nations-radio-mali", Body: radioBody},
	{Path: "/en/videos", Title: "Videos", Parent: "/en/news", Body: videosBody},

	{Path: "/en/closure-minusma-camp-sevare-mopti-region", Title: "Closure of the MINUSMA camp in Sevare, Mopti region", Parent: "/en/press-releases-2023", Date: "2023-12-09", Body: sevareBody},
	{Path: "/en/minusma-hands-over%C2%A0two%C2%A0annexes%C2%A0ahead%C2%A0-final%C2%A0closure%C2%A0-mopti-camp", Title: "MINUSMA hands over two annexes ahead of final closure of Mopti camp", Parent: "/en/press-releases-2023", Date: "2023-11-23"},
	{Path: "/en/minusma%E2%80%99s-nepalese-explosive-ordnance-disposal-company-heroes-behind-safe-convoys-mali", Title: "MINUSMA’s Nepalese Explosive Ordnance Disposal company: heroes behind safe convoys in Mali", Parent: "/en/news-stories", Date: "2023-11-22"},
	{Path: "/en/after-ten-years-presence-minusma-closes-its-base-%C2%A0ansongo", Title: "After ten years of presence, MINUSMA closes its base in Ansongo", Parent: "/en/news-stories", Date: "2023-11-18"},
	{Path: "/en/odyssey-last-minusma-convoy-kidal-gao", Title: "Odyssey of the last MINUSMA convoy from Kidal to Gao", Parent: "/en/news-stories", Date: "2023-11-08", Body: odysseyBody},
	{Path: "/en/note-correspondents-%E2%80%93-mali", Title: "Note to Correspondents – on Mali", Parent: "/en/press-releases-2023", Date: "2023-11-06"},
	{Path: "/en/minusma-closes-its-camp-kidal-marking-end-its-presence-region", Title: "MINUSMA closes its camp in Kidal, marking the end of its presence in the region", Parent: "/en/news-stories", Date: "2023-10-31"},
	{Path: "/en/note-correspondents-minusma-withdrawal-northern-bases", Title: "Note to Correspondents: MINUSMA withdrawal from northern bases", Parent: "/en/press-releases-2023", Date: "2023-10-27"},
	{Path: "/en/united-nations-day-message-24-october-2023", Title: "United Nations Day Message - 24 october 2023", Parent: "/en/press-releases-2023", Date: "2023-10-24"},
	{Path: "/en/minusma-withdraws-tessalit-kidal-region", Title: "MINUSMA withdraws from Tessalit in Kidal region", Parent: "/en/news-stories", Date: "2023-10-21"},

	{Path: "/en/activities", Title: "Activities", Body: activitiesBody},
	{Path: "/en/military", Title: "Military", Parent: "/en/activities", Body: militaryBody},
	{Path: "/en/police", Title: "Police", Parent: "/en/activities"},
	{Path: "/en/human-rights", Title: "Human Rights", Parent: "/en/activities"},
	{Path: "/en/civil-affairs", Title: "Civil Affairs", Parent: "/en/activities"},
	{Path: "/en/mine-action", Title: "Mine Action", Parent: "/en/activities"},
	{Path: "/en/gender-and-peacekeeping", Title: "Gender", Parent: "/en/activities"},
	{Path: "/en/impact-crisis-women-mali", Title: "Impact of the Crisis on the Women of Mali", Parent: "/en/gender-and-peacekeeping"},
	{Path: "/en/mandate-gender-unit", Title: "Mandate of the Gender Unit", Parent: "/en/gender-and-peacekeeping"},
	{Path: "/en/disarmament-demobilization-and-reintegration-ddr", Title: "Disarmament, Demobilization and Reintegration (DDR)", Parent: "/en/activities"},
	{Path: "/en/stabilization-recovery", Title: "Stabilization & Recovery", Parent: "/en/activities"},
	{Path: "/en/bimonthly-bulletin", Title: "Bimonthly Bulletin", Parent: "/en/stabilization-recovery"},
	{Path: "/en/archives-2015", Title: "Archives 2015", Parent: "/en/bimonthly-bulletin"},
	{Path: "/en/archives-2016", Title: "Archives 2016", Parent: "/en/bimonthly-bulletin"},
	{Path: "/en/archives-2017-0", Title: "Archives 2017", Parent: "/en/bimonthly-bulletin"},
	{Path: "/en/archives-2018", Title: "Archives 2018", Parent: "/en/bimonthly-bulletin"},
	{Path: "/en/archives-2020", Title: "Archives 2020", Parent: "/en/bimonthly-bulletin"},
	{Path: "/en/quick-impact-projects-qips", Title: "Quick Impact Projects (QIPs)", Parent: "/en/stabilization-recovery"},
	{Path: "/en/united-nations-trust-fund-peace-and-security-mali", Title: "United Nations Trust Fund for Peace and Security in Mali", Parent: "/en/stabilization-recovery"},
	{Path: "/en/justice-and-corrections", Title: "Justice and Corrections", Parent: "/en/activities"},
	{Path: "/en/political-affairs", Title: "Political Affairs", Parent: "/en/activities"},
	{Path: "/en/electoral-assistance", Title: "Electoral Assistance", Parent: "/en/activities"},
	{Path: "/en/conduct-and-discipline", Title: "Conduct and Discipline", Parent: "/en/activities"},
	{Path: "/en/environment-and-culture", Title: "Environment and Culture", Parent: "/en/activities"},
	{Path: "/en/environment", Title: "Environment", Parent: "/en/environment-and-culture", Body: environmentBody},
	{Path: "/en/cultural-heritage", Title: "Cultural Heritage", Parent: "/en/environment-and-culture", Head: heritageHead, Body: heritageBody},
	{Path: "/en/protection-children", Title: "Protection of Children", Parent: "/en/activities"},
	{Path: "/en/protection-civilians", Title: "Protection of Civilians", Parent: "/en/activities"},
	{Path: "/en/united-nations-volunteers-unv", Title: "United Nations Volunteers (UNV)", Parent: "/en/activities"},

	{Path: "/en/resources", Title: "Resources"},
	{Path: "/en/documents", Title: "Documents", Parent: "/en/resources", Body: documentsBody},
	{Path: "/en/speeches", Title: "Speeches", Parent: "/en/documents", Body: speechesBody},
	{Path: "/en/publications", Title: "Publications", Parent: "/en/documents", Body: publicationsBody},
	{Path: "/en/reports", Title: "SG Reports", Parent: "/en/documents", Body: reportsBody},
	{Path: "/en/resolutions", Title: "Resolutions", Parent: "/en/documents", Body: resolutionsBody},
	{Path: "/en/matrix-0", Title: "Matrix", Parent: "/en/documents"},
	{Path: "/en/fact-sheets", Title: "Fact Sheets", Parent: "/en/documents", Body: factSheetsBody},
	{Path: "/en/human-right-reports", Title: "Human Rights Reports", Parent: "/en/documents"},
	{Path: "/en/map-mali", Title: "Map of Mali", Parent: "/en/resources", Head: mapBaseHead, Body: mapBody},

	{Path: "/en/sitemap", Title: "Sitemap", List: []string{"/en/about-minusma", "/en/news", "/en/activities", "/en/resources", "/en/contact"}},
	{Path: "/en/manage-subscriptions", Title: "Subscribe", Body: subscribeBody},
}

var pressReleases2023 = []string{
	"/en/closure-minusma-camp-sevare-mopti-region",
	"/en/minusma-hands-over%C2%A0two%C2%A0annexes%C2%A0ahead%C2%A0-final%C2%A0closure%C2%A0-mopti-camp",
	"/en/note-correspondents-%E2%80%93-mali",
	"/en/note-correspondents-minusma-withdrawal-northern-bases",
	"/en/united-nations-day-message-24-october-2023",
}

// frPages are the French tree (French is Drupal's default language here, so
// it has no path prefix). Twin names the English translation; the English
// page links back through it, by hreflang and its language switcher, or by
// the switcher only for kindSwitcherOnly pages (translations.go). The last
// three are linked by nothing but their English page's switcher.
var frPages = []pageSpec{
	{Path: "/", Title: "MINUSMA", Twin: "/en", List: frFrontList},
	{Path: "/a-propos", Title: "À propos de la MINUSMA", Twin: "/en/about-minusma"},
	{Path: "/mandat", Title: "Mandat", Parent: "/a-propos", Twin: "/en/mandate-0", Kind: kindSwitcherOnly},
	{Path: "/contactez-nous", Title: "Contactez-nous", Parent: "/a-propos", Twin: "/en/contact", Kind: kindSwitcherOnly},
	{Path: "/actualites", Title: "Actualités", Twin: "/en/news-stories"},
	{Path: "/communiques-de-presse", Title: "Communiqués de presse", Parent: "/actualites", Twin: "/en/all-press-releases"},
	{Path: "/documents", Title: "Documents", Twin: "/en/documents", Body: frDocumentsBody},
	{Path: "/la-minusma-ferme-son-camp-de-kidal", Title: "La MINUSMA ferme son camp de Kidal, marquant la fin de sa présence dans la région", Parent: "/actualites", Date: "2023-10-31", Twin: "/en/minusma-closes-its-camp-kidal-marking-end-its-presence-region"},
	{Path: "/fermeture-du-camp-de-la-minusma-a-sevare-region-de-mopti", Title: "Fermeture du camp de la MINUSMA à Sévaré, région de Mopti", Parent: "/communiques-de-presse", Date: "2023-12-09", Twin: "/en/closure-minusma-camp-sevare-mopti-region"},
	{Path: "/apres-dix-ans-de-presence-la-minusma-ferme-sa-base-d%E2%80%99ansongo", Title: "Après dix ans de présence, la MINUSMA ferme sa base d’Ansongo", Parent: "/actualites", Date: "2023-11-18", Twin: "/en/after-ten-years-presence-minusma-closes-its-base-%C2%A0ansongo"},
	{Path: "/node/118263", Title: "Note aux correspondants – sur le Mali", Parent: "/communiques-de-presse", Date: "2023-11-06", Twin: "/en/note-correspondents-%E2%80%93-mali"},
	{Path: "/node/118270", Title: "Journée des Nations Unies : message du 24 octobre 2023", Parent: "/communiques-de-presse", Date: "2023-10-24", Twin: "/en/united-nations-day-message-24-october-2023"},
	{Path: "/police-des-nations-unies", Title: "Police des Nations Unies", Twin: "/en/police", Kind: kindSwitcherOnly},
	{Path: "/droits-de-l%E2%80%99homme", Title: "Droits de l’homme", Twin: "/en/human-rights", Kind: kindSwitcherOnly},
	{Path: "/emplois", Title: "Emplois", Twin: "/en/jobs", Kind: kindSwitcherOnly},
}

var frFrontList = []string{
	"/fermeture-du-camp-de-la-minusma-a-sevare-region-de-mopti",
	"/apres-dix-ans-de-presence-la-minusma-ferme-sa-base-d%E2%80%99ansongo",
	"/la-minusma-ferme-son-camp-de-kidal",
	"/node/118263",
	"/node/118270",
}

// redirectSpec is a path answering with a redirect on the HTTPS site.
type redirectSpec struct {
	From, To string // root-relative, as linked; To is sent absolute
	Status   int
}

// redirects: /en/about-minusma links /en/old-mandate, a chain of two hops
// (301 then 302) to an existing page.
var redirects = []redirectSpec{
	{From: "/en/old-mandate", To: "/en/mandate-old", Status: 301},
	{From: "/en/mandate-old", To: "/en/mandate-0", Status: 302},
}

// gonePaths are linked but answer 404 with Drupal's "Page not found" page.
var gonePaths = []string{"/en/removed-page"}

// userPages are Drupal's account pages: linked from /en/manage-subscriptions,
// disallowed by robots.txt, served (200) to crawlers that ignore it.
var userPages = []pageSpec{
	{Path: "/user/login", Title: "User account", Body: loginFormBody, Kind: kindForm},
	{Path: "/user/register", Title: "Create new account", Body: registerFormBody, Kind: kindForm},
}

// sitemapPaths are the linked pages sitemap-pages.xml lists (discovery.go).
var sitemapPaths = []string{
	"/en", "/", "/en/about-minusma", "/en/news", "/en/documents", "/en/contact", "/actualites", "/documents",
}
