// node duckdb.mjs FILE INSTITUTIONS THREADS FROM TO: the works numbers with DuckDB
// (read_json with an explicit schema, unnest, group by), printed as the
// normalised lines of normalise.py ("R,subject,year,works,intl" and
// "C,subject,year,country,works"). INSTITUTIONS "all": every institution
// id seen (own id or lineage), as `intlkpi works --institutions all`.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const [file, inst, threads, from, to] = process.argv.slice(2);
const q = (s) => "'" + s.replaceAll("'", "''") + "'";
const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await db.connect();
const fold = (x) => `CASE WHEN ${x} IN ('HK','MO') THEN 'CN' ELSE ${x} END`;
const all = inst === 'all';
if (!all) {
  const ids = readFileSync(inst, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l.length > 0);
  await con.run(`CREATE TEMP TABLE subj AS SELECT 'https://openalex.org/' || s AS k, s
    FROM (VALUES ${ids.map((i) => '(' + q(i) + ')').join(', ')}) AS t(s)`);
}
await con.run(`CREATE TEMP TABLE sw AS
WITH w AS (
  SELECT id, publication_year AS y, authorships AS a
  FROM read_json(${q(file)}, format = 'newline_delimited', columns = {
    id: 'VARCHAR', publication_year: 'INTEGER',
    authorships: 'STRUCT(countries VARCHAR[], institutions STRUCT(id VARCHAR, country_code VARCHAR, lineage VARCHAR[])[])[]'})
  WHERE publication_year BETWEEN ${Number(from)} AND ${Number(to)}
), wc AS (
  SELECT id, y, a, list_distinct(list_transform(flatten(list_transform(coalesce(a, []), x ->
      CASE WHEN len(coalesce(x.countries, [])) > 0 THEN x.countries
           ELSE list_filter(list_transform(coalesce(x.institutions, []), i -> i.country_code), c -> c IS NOT NULL) END)),
      c -> ${fold('c')})) AS cs
  FROM w
), au AS (SELECT id, y, cs, unnest(a) AS x FROM wc),
  ins AS (SELECT id, y, cs, unnest(x.institutions) AS i FROM au),
  ik AS (SELECT id, y, cs, i.country_code AS cc, unnest(list_append(coalesce(i.lineage, []), i.id)) AS key FROM ins)
SELECT ${all ? "replace(ik.key, 'https://openalex.org/', '')" : 's.s'} AS s, ik.id, ik.y,
  any_value(ik.cs) AS cs,
  coalesce(list_distinct(list(${fold('ik.cc')}) FILTER (WHERE ik.cc IS NOT NULL)), []) AS home
FROM ik ${all ? 'WHERE ik.key IS NOT NULL' : 'JOIN subj s ON s.k = ik.key'} GROUP BY ALL`);
const lines = [];
let r = await con.runAndReadAll(`SELECT s, y, count(*), count(*) FILTER (WHERE len(cs) >= 2) FROM sw GROUP BY ALL`);
for (const row of r.getRows()) lines.push(`R,${row[0]},${row[1]},${row[2]},${row[3]}`);
r = await con.runAndReadAll(`SELECT s, y, c, count(*) FROM (SELECT s, y, unnest(cs) AS c, home FROM sw)
  WHERE NOT list_contains(home, c) GROUP BY ALL`);
for (const row of r.getRows()) lines.push(`C,${row[0]},${row[1]},${row[2]},${row[3]}`);
lines.sort();
process.stdout.write(lines.join('\n') + '\n');
