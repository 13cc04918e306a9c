package crawltest

// Page snippets: the markup an archivist's crawler must get right. Each is
// constant, so the replica can index its references at start-up.

// contactBody: links that are not fetchable (mailto:, tel:, javascript:),
// and an anchor whose text, once decoded, is a script payload
// ("<script>alert(1)</script>"): reports must escape link text.
const contactBody = `<h2>Contact</h2>
<p>MINUSMA Headquarters, Hôtel de l'Amitié, Bamako, Mali.</p>
<p>Email: <a href="mailto:minusma-public-information@un.org?subject=Website%20enquiry">minusma-public-information@un.org</a></p>
<p>Telephone: <a href="tel:+22320702700">+223 20 70 27 00</a></p>
<p><a href="javascript:window.print()" class="print-page">Print this page</a></p>
<p>To report misconduct by UN personnel: <a href="https://conduct.unmissions.org/report-misconduct">conduct.unmissions.org</a></p>
<p>Web feedback: <a href="https://www.un.org/en/xss-test">&lt;script&gt;alert(1)&lt;/script&gt;</a></p>`

// aboutBody links the start of a redirect chain (301 then 302).
const aboutBody = `<p>The Security Council mandate is described on <a href="/en/old-mandate">our former mandate page</a>.</p>`

// historyBody links a page over plain HTTP (port 80 redirects to HTTPS).
const historyBody = `<p>Read about the <a href="http://minusma.unmissions.org/en/leadership">mission leadership</a> since 2013.</p>`

// militaryBody links with an explicit default port and upper-case host.
const militaryBody = `<p>The Force works with <a href="https://minusma.unmissions.org:443/en/police">UN Police</a> and <a href="https://MINUSMA.unmissions.org/en/mine-action">UNMAS</a>.</p>`

// activitiesBody links the calendar, an endless "next month" trap, and the
// events listing, another calendar in another shape (agenda.go).
const activitiesBody = `<p>See the <a href="/en/calendar/2023/12">calendar of events</a>.</p>
<p>What is on: <a href="/en/events/2023-12">events in December 2023</a>.</p>`

// publicationsBody links a page that is gone (404), an off-site redirect
// loop, an off-site page that answers slowly, the page that answers 503
// (retrylater.go) and PDFs on the rate-limited media host (mediahost.go).
const publicationsBody = `<p><a href="/en/removed-page">Annual report 2015</a> (no longer available)</p>
<p>Partner publications: <a href="https://loop.example.org/a">mission archive</a>, <a href="https://slow.example.org/report">independent evaluation</a>.</p>
<p><a href="/en/minusma-final-report">Final report of the Mission, 2013-2023</a></p>
<ul class="documents">
<li><a href="https://media.minusma.unmissions.org/docs/minusma-2013-2023-brochure.pdf">MINUSMA 2013-2023 (brochure, PDF)</a></li>
<li><a href="https://media.minusma.unmissions.org/docs/withdrawal-timeline.pdf">Timeline of the withdrawal (PDF)</a></li>
</ul>`

// speechesBody links with dot segments and a fragment.
const speechesBody = `<p>Speeches are filed with the <a href="./documents">other documents</a>; see also <a href="/en/resolutions#resolution-2690">Resolution 2690</a>.</p>`

// subscribeBody links pages robots.txt disallows, and the entries of two
// session mazes (sessions.go).
const subscribeBody = `<p>To manage your subscriptions, <a href="/user/login">log in</a> or <a href="/user/register">create an account</a>.</p>
<p>Choose your <a href="/en/newsletter">newsletters</a>, or tell us what you think in the <a href="/en/survey">reader survey</a>.</p>`

// procurementBody links the procurement portal, a Java application that
// rewrites its URLs with ;jsessionid= (sessions.go); the site's link
// carries the session the portal handed out when the editor copied it.
const procurementBody = `<p>Open calls for tenders are published on the <a href="/portal/tenders;jsessionid=` + tendersEntryToken + `">procurement portal</a>.</p>`

// socialMediaBody links the old PHP photo archive (sessions.go).
const socialMediaBody = `<p>Photos from 2013 to 2016 are in the <a href="/gallery/index.php">MINUSMA photo archive</a>.</p>`

// mediaInquiriesBody links the press agenda, a calendar by query string
// (agenda.go).
const mediaInquiriesBody = `<p>Journalists can consult the <a href="/en/agenda?month=202312">press agenda</a>.</p>`

// newsStoriesBody links the faceted search, a trap only by content
// (facets.go), and an image with a timestamp cache-buster.
const newsStoriesBody = `<p><img src="/sites/default/files/closure-banner.jpg?1702036800" width="640" height="200" alt="MINUSMA 2013-2023" /></p>
<p>Browse stories by topic: <a href="/en/search?f%5B0%5D=tags%3A2">Kidal</a>.</p>`

// odysseyBody shows a photo from the rate-limited media host.
const odysseyBody = `<figure><img src="https://media.minusma.unmissions.org/images/kidal-convoy-800x450.jpg" width="800" height="450" alt="The last convoy leaves Kidal" /></figure>`

// sevareBody links a page with lower-case percent escapes, as Drupal's
// editors sometimes pasted them.
const sevareBody = `<p>Related: <a href="/en/after-ten-years-presence-minusma-closes-its-base-%c2%a0ansongo">MINUSMA closes its base in Ansongo</a>.</p>
<figure><img src="https://media.minusma.unmissions.org/images/sevare-handover-800x450.jpg" width="800" height="450" alt="Handover in Sevare" /></figure>`

// videosBody embeds a YouTube player in an iframe.
const videosBody = `<div class="media-youtube-video"><iframe class="media-youtube-player" width="640" height="390" title="MINUSMA: ten years in Mali" src="https://www.youtube.com/embed/x9vRCvMBqDk?wmode=opaque" frameborder="0" allowfullscreen></iframe></div>`

// radioRefreshHead sends the old radio page on to the new one.
const radioRefreshHead = `<meta http-equiv="refresh" content="5; url=https://minusma.unmissions.org/en/radio-mikado" />`

// radioBody has the live stream, an <audio> and a <video> with <source>,
// poster and a caption <track>.
const radioBody = `<p>Listen live: <a href="https://mikadofm.minusma.unmissions.org:8001/feed1">Mikado FM stream</a>.</p>
<audio controls preload="none"><source src="/sites/default/files/audio/mikado_fm_jingle.mp3" type="audio/mpeg" />Your browser does not support audio.</audio>
<video controls width="640" height="360" poster="/sites/default/files/video/kidal_closure_poster.jpg"><source src="/sites/default/files/video/kidal_closure.mp4" type="video/mp4" /><track kind="captions" src="/sites/default/files/video/kidal_closure_en.vtt" srclang="en" label="English" default /></video>`

// environmentBody has img srcset and picture/source srcset.
const environmentBody = `<figure><img src="/sites/default/files/environment/lake_faguibine_480.jpg" srcset="/sites/default/files/environment/lake_faguibine_480.jpg 480w, /sites/default/files/environment/lake_faguibine_960.jpg 960w" sizes="(max-width: 600px) 480px, 960px" width="480" height="300" alt="Lake Faguibine" /></figure>
<picture><source media="(min-width: 800px)" srcset="/sites/default/files/environment/tree_planting_wide.png 1x, /sites/default/files/environment/tree_planting_wide_2x.png 2x" /><img src="/sites/default/files/environment/tree_planting.png" alt="Tree planting in Gao" /></picture>`

// heritageHead is a <style> block with @import and url().
const heritageHead = `<style type="text/css">
@import url("/sites/default/files/css/cultural-heritage.css");
.heritage-banner { background: #eee url(/sites/default/files/heritage/timbuktu_banner.jpg) center / cover no-repeat; }
</style>`

// heritageBody has an inline style attribute with a background image.
const heritageBody = `<div class="heritage-banner"></div>
<div class="heritage-hero" style="background-image:url('/sites/default/files/heritage/djinguereber_mosque.jpg'); height:220px">Djinguereber Mosque, Timbuktu</div>`

// mapBaseHead sets <base href>: the relative links of mapBody resolve
// under /sites/default/files/maps/, not /en/.
const mapBaseHead = `<base href="https://minusma.unmissions.org/sites/default/files/maps/" />`

const mapBody = `<p><img src="mali_regions_2023.png" width="320" height="200" alt="Regions of Mali" /></p>
<p><a href="minusma_deployment_map_2023.pdf">MINUSMA deployment map, 2023 (PDF)</a></p>`

// documentsBody links the PDFs, and an off-site report whose host answers
// 200 "Page not found" (a soft 404).
const documentsBody = `<ul class="documents">
<li><a href="https://minusma.unmissions.org/sites/default/files/res_2690_2023_en.pdf">Resolution 2690 (2023)</a></li>
<li><a href="https://minusma.unmissions.org/sites/default/files/230601_mandate_renewal_report_eng.pdf">Report of the Secretary-General on the Situation in Mali - 1st June 2023</a></li>
<li><a href="https://minusma.unmissions.org/sites/default/files/s_2023_236-en.pdf">Report of the Secretary-General on the Situation in Mali - 30 march 2023</a></li>
<li><a href="https://soft404.example.org/en/old-report">Report of the panel of experts (moved)</a></li>
<li><a href="/en/minusma-final-report">Final report of the Mission (2013-2023)</a></li>
</ul>`

const reportsBody = `<p><a href="/sites/default/files/230601_mandate_renewal_report_eng.pdf">Report of the Secretary-General, 1 June 2023</a></p>
<p><a href="/sites/default/files/s_2023_236-en.pdf">Report of the Secretary-General, 30 March 2023</a></p>`

const resolutionsBody = `<h2 id="resolution-2690">Resolution 2690 (2023)</h2>
<p><a href="/sites/default/files/res_2690_2023_en.pdf">Resolution 2690 (2023)</a> ends the mandate of MINUSMA.</p>`

const factSheetsBody = `<p><a href="/sites/default/files/minusma_fact_sheet_2023_en.pdf">MINUSMA fact sheet, 2023</a></p>`

// frDocumentsBody links a file whose name has an accent, spaces and
// parentheses, percent-encoded.
const frDocumentsBody = `<ul class="documents">
<li><a href="/sites/default/files/r%C3%A9solution%202640%20%282022%29.pdf">Résolution 2640 (2022)</a></li>
<li><a href="/sites/default/files/res_2690_2023_fr.pdf">Résolution 2690 (2023)</a></li>
</ul>`

const loginFormBody = `<form action="/user/login" method="post" id="user-login" accept-charset="UTF-8"><div>
<label for="edit-name">Username <span class="form-required">*</span></label><input type="text" id="edit-name" name="name" size="60" maxlength="60" />
<label for="edit-pass">Password <span class="form-required">*</span></label><input type="password" id="edit-pass" name="pass" size="60" maxlength="128" />
<input type="hidden" name="form_id" value="user_login" /><input type="submit" id="edit-submit" name="op" value="Log in" /></div></form>`

const registerFormBody = `<form action="/user/register" method="post" id="user-register-form" accept-charset="UTF-8"><div>
<label for="edit-mail">E-mail address <span class="form-required">*</span></label><input type="text" id="edit-mail" name="mail" size="60" maxlength="254" />
<input type="hidden" name="form_id" value="user_register_form" /><input type="submit" id="edit-submit" name="op" value="Create new account" /></div></form>`
