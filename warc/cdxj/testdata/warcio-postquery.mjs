// Writes warcio-postquery.json: the key and requestBody warcio.js gives captures of
// non-GET requests. From the repository root, after `make replay-deps`:
//
//   WARCIO=$PWD/testdata/replay/node_modules/warcio/dist/index.js \
//     node warc/cdxj/testdata/warcio-postquery.mjs > warc/cdxj/testdata/warcio-postquery.json
const { postToGetUrl, getSurt } = await import(process.env.WARCIO || "warcio");
const b64 = (s) => Buffer.from(s, "utf8").toString("base64");
const cases = [
  ["https://example.org/form", "POST", "application/x-www-form-urlencoded", b64("name=J%C3%BCrgen+Smith&q=caf%C3%A9&x=a%20b")],
  ["https://example.org/api/search", "POST", "application/json", b64('{"query":"café au lait","page":2,"tags":["a","b"],"nested":{"x":true,"y":null},"10":"ten","2":"two","empty":"","f":1.5e-7,"big":1e21,"n":-0,"g":123456789012}')],
  ["https://example.org/api", "POST", "application/json", b64("{bad")],
  ["https://example.org/api", "POST", "text/plain;charset=UTF-8", b64('{"a":"b c"}')],
  ["https://example.org/api", "POST", "text/plain", b64("hello world")],
  ["https://example.org/upload", "POST", "multipart/form-data; boundary=----WebKitFormBoundaryX3", b64('------WebKitFormBoundaryX3\r\nContent-Disposition: form-data; name="title"\r\n\r\nMy photo\r\n------WebKitFormBoundaryX3\r\nContent-Disposition: form-data; name="tag"\r\n\r\nsea & sun\r\n------WebKitFormBoundaryX3--\r\n')],
  ["https://example.org/bin", "POST", "application/octet-stream", Buffer.from([0, 255, 16, 32]).toString("base64")],
  ["https://example.org/empty", "POST", null, ""],
  ["https://example.org/doc/7", "PUT", "application/json; charset=utf-8", b64('{"title":"Ünïcode","n":[1,2,3]}')],
  ["https://www.Example.org/api?b=2&a=1", "POST", "application/x-www-form-urlencoded", b64("z=1&a=%2F%26&h=x#frag")],
  ["https://example.org/bad", "POST", "application/x-www-form-urlencoded", b64("a=%E0%A4%A&b=1")],
  ["urn:x:y", "POST", "application/x-www-form-urlencoded", b64("a=B c")],
  ["https://example.org/long", "POST", "application/x-www-form-urlencoded", b64("k=" + "é".repeat(3000))],
  ["https://example.org/api", "POST", "Application/JSON", b64('{"a":1}')],
  ["https://example.org/api", "POST", "application/json", b64('[{"a":1},{"a":2},{"a":3},{"a.2_":"x"}]')],
  ["https://example.org/f", "POST", "application/x-www-form-urlencoded", b64("a=b c\n\tq='x'<y>\"z\" ")],
  ["https://example.org/api", "POST", "application/json", b64('"just a string"')],
  ["https://example.org/api", "POST", "application/json", b64("null")],
  ["https://example.org/api", "POST", "application/json", b64('{"a":1} x')],
  ["https://example.org/api", "POST", "application/json", b64('\ufeff{"a":[true,false,0.1,100,1e-7,-5e-324]}')],
  ["https://example.org/h", "HEAD", null, ""],
];
const out = [];
for (const [url, method, ct, body64] of cases) {
  const headers = new Headers();
  if (ct !== null) headers.set("content-type", ct);
  const req = { url, method, headers, postData: new Uint8Array(Buffer.from(body64, "base64")) };
  postToGetUrl(req, 4096);
  out.push({ url, method, ct, body64, key: getSurt(req.url), requestBody: req.requestBody ?? "" });
}
const source = "warcio.js 2.4.11 (npm warcio): postToGetUrl(request, 4096) and getSurt(request.url), as CDXIndexer.indexRecordPair calls them; made by warcio-postquery.mjs";
console.log(JSON.stringify({ source, cases: out }, null, 1));
