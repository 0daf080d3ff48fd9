# jq -n -r --rawfile subj INSTITUTIONS --argjson from A --argjson to B -f works.jq FILE
# The works numbers with jq, as normalise.py prints them.
def fold: if . == "HK" or . == "MO" then "CN" else . end;
def short: sub("^https://openalex.org/"; "");
($subj | split("\n") | map(sub("#.*"; "") | gsub("[ \t\r]"; "")) | map(select(length > 0))
  | map({(.): true}) | add) as $S
| reduce (inputs | select(.publication_year != null and .publication_year >= $from
                          and .publication_year <= $to)) as $w ({rows: {}, cc: {}};
    ($w.authorships // []) as $a
    | ([$a[] | if ((.countries // []) | length) > 0 then .countries[]
               else (.institutions // [])[] | .country_code | select(. != null) end | fold]
       | unique) as $cs
    | ([$a[] | (.institutions // [])[] | . as $i
        | ([$i.id, ($i.lineage // [])[]] | map(select(. != null) | short) | unique)[]
        | select($S[.]) | {s: ., c: ($i.country_code | if . == null then null else fold end)}]) as $m
    | ($w.publication_year | tostring) as $y
    | reduce ($m | map(.s) | unique)[] as $s (.;
        ([$m[] | select(.s == $s) | .c | select(. != null)] | unique) as $home
        | .rows[$s + "," + $y] |= ((. // [0, 0]) | [.[0] + 1, .[1] + (if ($cs | length) >= 2 then 1 else 0 end)])
        | reduce ($cs[] | select(. as $c | $home | any(. == $c) | not)) as $c (.;
            .cc[$s + "," + $y + "," + $c] += 1)))
| (.rows | to_entries[] | "R," + .key + "," + (.value[0] | tostring) + "," + (.value[1] | tostring)),
  (.cc | to_entries[] | "C," + .key + "," + (.value | tostring))
