/**
 * A map of the US (us-atlas states, Albers USA projection) with some states marked by route
 * kind: each marked state has the kind's colour, its pattern, and a text label with a symbol,
 * so the map reads in greyscale too. A state whose places get different answers is "split": striped
 * in the two kinds' colours, labelled with both symbols, and listed under "Split" in the legend.
 * Marked states are focusable; hovering or focusing one makes it the active state (the page
 * highlights the matching boxes), Enter (or a tap) moves to its box. The small north-eastern states
 * are labelled in a column out in the Atlantic, each with a leader line to its state.
 */
import { geoAlbersUsa, geoPath } from "d3-geo";
import { useEffect, useMemo, useState } from "react";
import { feature } from "topojson-client";
import type { FeatureCollection, Geometry } from "geojson";
import type { GeometryCollection, Topology } from "topojson-specification";
import atlasUrl from "us-atlas/states-10m.json?url";
import type { StateCode } from "../api/types";
import { stateByFips } from "../../contract/states";
import {
  ROUTE_KINDS,
  ROUTE_STYLE,
  SPLIT_LABEL,
  SPLIT_PAIRS,
  splitPatternId,
  type RouteKind,
} from "../lib/routes";

/** How a marked state is drawn: a pattern (with its fill colour), an ink, a symbol and a legend entry. */
export interface MarkStyle {
  readonly pattern: string;
  readonly ink: string;
  readonly symbol: string;
  readonly legend: string;
}

export interface MarkedState {
  readonly style: MarkStyle;
  /** What the state's boxes say, for the accessible name: "BlueCard via Anthem …". */
  readonly summary: string;
}

export const routeMark = (kind: RouteKind): MarkStyle => ({
  pattern: ROUTE_STYLE[kind].pattern,
  ink: ROUTE_STYLE[kind].ink,
  symbol: ROUTE_STYLE[kind].symbol,
  legend: ROUTE_STYLE[kind].label,
});

/** A state whose places disagree: striped in both kinds, both symbols, under "Split" in the legend. */
export const splitMark = (a: RouteKind, b: RouteKind): MarkStyle => {
  const [first, second] = ROUTE_KINDS.indexOf(a) <= ROUTE_KINDS.indexOf(b) ? [a, b] : [b, a];
  return {
    pattern: splitPatternId(first, second),
    ink: ROUTE_STYLE[second].ink,
    symbol: `${ROUTE_STYLE[first].symbol}/${ROUTE_STYLE[second].symbol}`,
    legend: `${SPLIT_LABEL}, depends on where (${ROUTE_STYLE[first].label} / ${ROUTE_STYLE[second].label})`,
  };
};

/** Whether the device's main pointer is coarse (a finger): the map then says "Tap". */
export function useCoarsePointer(): boolean {
  const query = "(pointer: coarse)";
  const [coarse, setCoarse] = useState(
    () =>
      typeof window !== "undefined" &&
      typeof window.matchMedia === "function" &&
      window.matchMedia(query).matches,
  );
  useEffect(() => {
    if (typeof window.matchMedia !== "function") return;
    const list = window.matchMedia(query);
    const update = () => {
      setCoarse(list.matches);
    };
    update();
    list.addEventListener("change", update);
    return () => {
      list.removeEventListener("change", update);
    };
  }, []);
  return coarse;
}

/** "Tap a state to see …" on touch screens, "Click or hover over a state (or tab to it) to see …" otherwise. */
export const mapHint = (coarse: boolean, what: string): string =>
  coarse ? `Tap a state to see ${what}.` : `Click or hover over a state (or tab to it) to see ${what}.`;

/** Blue plan areas on the operations map. */
export const AREA_MARKS = {
  whole: { pattern: "area-whole", ink: "#1e3a8a", symbol: "■", legend: "Whole state" },
  part: { pattern: "area-part", ink: "#7c2d12", symbol: "◩", legend: "Part of the state" },
  one: { pattern: "area-whole", ink: "#1e3a8a", symbol: "1", legend: "One Blue plan" },
  several: {
    pattern: "area-part",
    ink: "#7c2d12",
    symbol: "2+",
    legend: "Several Blue plans (which one depends on the county or ZIP)",
  },
} as const satisfies Record<string, MarkStyle>;

interface Shape {
  readonly code: StateCode;
  readonly name: string;
  readonly d: string;
  readonly centroid: readonly [number, number];
}

/** The projection's frame; the map is drawn wider, leaving the Atlantic for the callout column. */
const WIDTH = 975;
const HEIGHT = 610;
const VIEW_WIDTH = 1075;

/**
 * Small eastern states are labelled in a column east of the coast, north to south, as printed US
 * maps do: a fixed slot each (the label's centre height), joined to the state by a leader line.
 */
const CALLOUT_X = 968;
const CALLOUTS: Partial<Record<StateCode, number>> = {
  VT: 96,
  NH: 132,
  MA: 168,
  RI: 204,
  CT: 240,
  NJ: 276,
  DE: 312,
  MD: 348,
  DC: 384,
};

let shapesPromise: Promise<Shape[]> | undefined;

/** The projected state outlines, fetched once (the atlas is a separate file, cached by the browser). */
function loadShapes(): Promise<Shape[]> {
  shapesPromise ??= fetch(atlasUrl)
    .then((r) => r.json() as Promise<Topology<{ states: GeometryCollection<{ name: string }> }>>)
    .then((topology) => {
      const states = feature(topology, topology.objects.states) as FeatureCollection<
        Geometry,
        { name: string }
      >;
      const projection = geoAlbersUsa()
        .scale(1300)
        .translate([WIDTH / 2, HEIGHT / 2]);
      const path = geoPath(projection);
      const shapes: Shape[] = [];
      for (const f of states.features) {
        const info = stateByFips(String(f.id));
        const d = path(f);
        if (!info || !d) continue; // Territories outside the projection.
        const [x, y] = path.centroid(f);
        shapes.push({ code: info.code, name: info.name, d, centroid: [x, y] });
      }
      return shapes;
    });
  return shapesPromise;
}

/** The patterns of the route kinds, rendered once per page (see Shell) and used by id. */
export function RoutePatternDefs() {
  const size = 8;
  return (
    <svg width="0" height="0" className="pattern-defs" aria-hidden="true" focusable="false">
      <defs>
        {ROUTE_KINDS.map((kind) => {
          const s = ROUTE_STYLE[kind];
          return (
            <pattern
              key={kind}
              id={s.pattern}
              width={size}
              height={size}
              patternUnits="userSpaceOnUse"
              patternTransform={kind === "in_network" ? "rotate(45)" : undefined}
            >
              <rect width={size} height={size} fill={s.fill} />
              {kind === "in_network" ? (
                <line x1="0" y1="0" x2="0" y2={size} stroke={s.ink} strokeWidth="1.6" />
              ) : kind === "bluecard" ? (
                <circle cx={size / 2} cy={size / 2} r="1.5" fill={s.ink} />
              ) : kind === "virtual_network" ? (
                <path d={`M0 ${size / 2}H${size}M${size / 2} 0V${size}`} stroke={s.ink} strokeWidth="1" />
              ) : kind === "crisis_only" ? (
                <path d={`M0 ${size}L${size} 0`} stroke={s.ink} strokeWidth="1.4" />
              ) : (
                <path d={`M0 0L${size} ${size}M${size} 0L0 ${size}`} stroke={s.ink} strokeWidth="1.2" />
              )}
            </pattern>
          );
        })}
        {SPLIT_PAIRS.map(([a, b]) => {
          const first = ROUTE_STYLE[a];
          const second = ROUTE_STYLE[b];
          const stripe = 6;
          return (
            <pattern
              key={`${a}-${b}`}
              id={splitPatternId(a, b)}
              width={stripe * 2}
              height={stripe * 2}
              patternUnits="userSpaceOnUse"
              patternTransform="rotate(45)"
            >
              <rect width={stripe} height={stripe * 2} fill={first.fill} />
              <rect x={stripe} width={stripe} height={stripe * 2} fill={second.fill} />
              <line x1="0.75" y1="0" x2="0.75" y2={stripe * 2} stroke={first.ink} strokeWidth="1.5" />
              <line
                x1={stripe + 0.75}
                y1="0"
                x2={stripe + 0.75}
                y2={stripe * 2}
                stroke={second.ink}
                strokeWidth="1.5"
              />
            </pattern>
          );
        })}
        <pattern
          id="area-whole"
          width={size}
          height={size}
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect width={size} height={size} fill="#cfe0f5" />
          <line x1="0" y1="0" x2="0" y2={size} stroke="#1e3a8a" strokeWidth="1.2" />
        </pattern>
        <pattern id="area-part" width={size} height={size} patternUnits="userSpaceOnUse">
          <rect width={size} height={size} fill="#fbe3b5" />
          <circle cx={size / 2} cy={size / 2} r="1.6" fill="#7c2d12" />
        </pattern>
      </defs>
    </svg>
  );
}

/** A small square of a kind's pattern, for legends and boxes. */
export function RouteSwatch({ kind }: { kind: RouteKind }) {
  return <Swatch mark={routeMark(kind)} />;
}

export function Swatch({ mark }: { mark: MarkStyle }) {
  return (
    <svg className="swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="17" height="17" rx="3" fill={`url(#${mark.pattern})`} stroke={mark.ink} />
    </svg>
  );
}

export function UsMap({
  marked,
  active,
  onActivate,
  onChoose,
  label,
}: {
  marked: ReadonlyMap<StateCode, MarkedState>;
  active: StateCode | undefined;
  onActivate: (state: StateCode | undefined) => void;
  /** Enter or click on a marked state. */
  onChoose?: (state: StateCode) => void;
  label: string;
}) {
  const [shapes, setShapes] = useState<Shape[]>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loadShapes().then(
      (s) => {
        if (live) setShapes(s);
      },
      () => {
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const legend = useMemo(() => {
    const groups = new Map<string, { mark: MarkStyle; states: StateCode[] }>();
    for (const [code, m] of marked) {
      const g = groups.get(m.style.legend) ?? { mark: m.style, states: [] };
      g.states.push(code);
      groups.set(m.style.legend, g);
    }
    return [...groups.values()];
  }, [marked]);

  if (failed) return <p className="map__fallback">The map could not be loaded; the boxes say the same.</p>;

  const markedShapes = (shapes ?? []).filter((s) => marked.has(s.code));
  return (
    <figure className="map">
      <svg
        viewBox={`0 0 ${VIEW_WIDTH} ${HEIGHT}`}
        className="map__svg"
        role="group"
        aria-label={label}
        aria-busy={shapes ? undefined : true}
      >
        <g className="map__base" aria-hidden="true">
          {(shapes ?? [])
            .filter((s) => !marked.has(s.code))
            .map((s) => (
              <path key={s.code} d={s.d} />
            ))}
        </g>
        <g>
          {markedShapes.map((s) => {
            const m = marked.get(s.code);
            if (!m) return null;
            const style = m.style;
            return (
              <path
                key={s.code}
                d={s.d}
                className={`map__state${active === s.code ? " map__state--active" : ""}`}
                fill={`url(#${style.pattern})`}
                stroke={style.ink}
                tabIndex={0}
                role="button"
                aria-label={`${s.name}: ${m.summary}`}
                data-state={s.code}
                onMouseEnter={() => {
                  onActivate(s.code);
                }}
                onMouseLeave={() => {
                  onActivate(undefined);
                }}
                onFocus={() => {
                  onActivate(s.code);
                }}
                onBlur={() => {
                  onActivate(undefined);
                }}
                onClick={() => onChoose?.(s.code)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    onChoose?.(s.code);
                  }
                }}
              />
            );
          })}
        </g>
        <g className="map__labels" aria-hidden="true">
          {markedShapes.map((s) => {
            const m = marked.get(s.code);
            if (!m) return null;
            const style = m.style;
            const [cx, cy] = s.centroid;
            const slot = CALLOUTS[s.code];
            const text = `${s.code} ${style.symbol}`;
            const w = 16 + text.length * 12.5;
            // A callout sits in the Atlantic column, its left edge at CALLOUT_X; others on the state.
            const x =
              slot === undefined
                ? Math.min(Math.max(cx, w / 2 + 2), VIEW_WIDTH - w / 2 - 2)
                : CALLOUT_X + w / 2;
            const y = Math.min(Math.max(slot ?? cy, 18), HEIGHT - 18);
            return (
              <g key={s.code} className={active === s.code ? "map__label map__label--active" : "map__label"}>
                {slot !== undefined ? (
                  <>
                    <line x1={cx} y1={cy} x2={CALLOUT_X} y2={y} stroke="#1f2933" strokeWidth="1" />
                    <circle cx={cx} cy={cy} r="2.5" fill="#1f2933" />
                  </>
                ) : null}
                <rect
                  x={x - w / 2}
                  y={y - 16}
                  width={w}
                  height={32}
                  rx={7}
                  fill="#ffffff"
                  stroke={style.ink}
                  strokeWidth={2}
                />
                <text x={x} y={y + 7} textAnchor="middle" fill={style.ink}>
                  {text}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
      <figcaption className="map__legend">
        <ul>
          {legend.map((g) => (
            <li key={g.mark.legend}>
              <Swatch mark={g.mark} />
              <span>
                <span aria-hidden="true">{g.mark.symbol} </span>
                {g.mark.legend}: {g.states.join(", ")}
              </span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
