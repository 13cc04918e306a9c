// Package verify checks the health of a site's links: it gathers every link
// target with the pages it appears on, judges internal links from the crawl
// and external links live, classifies each into policy's fixed taxonomy,
// reports embedded third-party feeds, and says where the archive holds a copy.
package verify
