import type { Edge, Permission, Summary } from './types.js';

const W = 640;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

type TrendPoint = Summary['trend'][number];

/** Open findings per tenant across its runs: one polyline per tenant, drawn here (no chart library, no inline style). */
export function TrendChart({ trend }: { trend: TrendPoint[] }) {
  if (trend.length === 0) return <p class="muted">No finished runs yet.</p>;
  const series = groupByTenant(trend);
  const times = trend.map((t) => Date.parse(t.finishedAt));
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const top = Math.max(1, ...trend.map((t) => t.openFindings));
  const x = (t: number) =>
    PAD.left + (t1 === t0 ? (W - PAD.left - PAD.right) / 2 : ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right));
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const label = `Open findings per tenant over ${trend.length} runs; highest ${top}.`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} class="trend">
        <line class="axis" x1={PAD.left} y1={y(0)} x2={W - PAD.right} y2={y(0)} />
        <line class="axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={y(0)} />
        <text class="tick" x={PAD.left - 6} y={y(top) + 4} text-anchor="end">
          {top}
        </text>
        <text class="tick" x={PAD.left - 6} y={y(0) + 4} text-anchor="end">
          0
        </text>
        <text class="tick" x={PAD.left} y={H - 8}>
          {new Date(t0).toISOString().slice(0, 10)}
        </text>
        <text class="tick" x={W - PAD.right} y={H - 8} text-anchor="end">
          {new Date(t1).toISOString().slice(0, 10)}
        </text>
        {series.map(([tenant, points], i) => (
          <g key={tenant} class={`series series-${i % 6}`}>
            <polyline
              fill="none"
              points={points.map((p) => `${x(Date.parse(p.finishedAt))},${y(p.openFindings)}`).join(' ')}
            />
            {points.map((p) => (
              <circle key={p.runId} cx={x(Date.parse(p.finishedAt))} cy={y(p.openFindings)} r={3}>
                <title>{`${tenant}: ${p.openFindings} open findings, ${p.identities} identities (${p.finishedAt})`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <figcaption class="legend">
        {series.map(([tenant, points], i) => (
          <span key={tenant} class={`legend-item series-${i % 6}`}>
            <span class="swatch" aria-hidden="true" />
            {`${tenant}: ${points[points.length - 1].openFindings}`}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function groupByTenant(trend: TrendPoint[]): Array<[string, TrendPoint[]]> {
  const byTenant = new Map<string, TrendPoint[]>();
  for (const point of [...trend].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt))) {
    const key = `${point.platform}:${point.tenant}`;
    byTenant.set(key, [...(byTenant.get(key) ?? []), point]);
  }
  return [...byTenant];
}

/** A bar per severity (counts as text too, so colour is never the only signal). */
export function SeverityBars({ counts }: { counts: Array<[string, number]> }) {
  const top = Math.max(1, ...counts.map(([, n]) => n));
  return (
    <ul class="bars">
      {counts.map(([severity, n]) => (
        <li key={severity}>
          <span class="bar-label">{severity}</span>
          <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
            <rect class={`fill-${severity}`} x={0} y={0} height={10} width={(n / top) * 100} />
          </svg>
          <span class="bar-value">{n}</span>
        </li>
      ))}
    </ul>
  );
}

interface ReachNode {
  key: string;
  label: string;
  detail: string;
  access: string;
  sensitive: boolean;
}

const ACCESS_RANK: Record<string, number> = { admin: 4, write: 3, read: 2 };
const MAX_NODES = 18;
const MAX_EDGES = 6;

/** What one identity can reach: its permissions (by resource) and its edges, around it. */
export function reachNodes(
  identityId: string,
  permissions: Permission[],
  edges: Edge[],
): { resources: ReachNode[]; edges: ReachNode[] } {
  const byResource = new Map<string, ReachNode>();
  for (const p of permissions) {
    const prior = byResource.get(p.resource);
    const action = p.action ? ` ${p.action}` : '';
    const sensitive = p.sensitivity === 'high' || p.sensitivity === 'critical';
    if (!prior) {
      byResource.set(p.resource, {
        key: `p:${p.resource}`,
        label: p.resource,
        detail: `${p.access}${action} (sensitivity ${p.sensitivity ?? 'unknown'})`,
        access: p.access,
        sensitive,
      });
    } else {
      if ((ACCESS_RANK[p.access] ?? 0) > (ACCESS_RANK[prior.access] ?? 0)) prior.access = p.access;
      prior.sensitive ||= sensitive;
      prior.detail += `; ${p.access}${action}`;
    }
  }
  // An edge is drawn to its other end, whichever way it points (a trust into this identity reaches it too).
  const edgeNodes = edges.map((e) => {
    const outgoing = e.from === identityId;
    const other = outgoing ? e.to : e.from;
    return {
      key: `e:${e.kind}:${e.from}:${e.to}`,
      label: (outgoing ? e.toName : e.fromName) ?? other,
      detail: outgoing ? `${e.kind} → ${other}` : `${other} → ${e.kind} → this identity`,
      access: 'edge',
      sensitive: false,
    };
  });
  const resources = [...byResource.values()].sort(
    (a, b) => (ACCESS_RANK[b.access] ?? 0) - (ACCESS_RANK[a.access] ?? 0),
  );
  return { resources, edges: edgeNodes };
}

const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function ReachGraph(props: { identityId: string; name: string; permissions: Permission[]; edges: Edge[] }) {
  const { name } = props;
  const reach = reachNodes(props.identityId, props.permissions, props.edges);
  const all = [...reach.resources, ...reach.edges];
  if (all.length === 0) return <p class="muted">No permissions or edges recorded.</p>;
  // Edges keep a few places when there are many resources: both kinds of reach stay visible.
  const edgeSlots = Math.min(reach.edges.length, MAX_EDGES);
  const nodes = [...reach.resources.slice(0, MAX_NODES - edgeSlots), ...reach.edges.slice(0, edgeSlots)];
  const [cx, cy, r] = [300, 190, 140];
  const at = (i: number) => {
    const angle = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
    return { x: cx + r * 1.45 * Math.cos(angle), y: cy + r * Math.sin(angle) };
  };
  return (
    <figure class="chart">
      <svg viewBox="0 0 600 380" class="reach" aria-labelledby="reach-title">
        <title id="reach-title">{`What ${name} can reach: ${all.length} resources and edges`}</title>
        {nodes.map((n, i) => (
          <line key={`l${n.key}`} class={`link acc-${n.access}`} x1={cx} y1={cy} x2={at(i).x} y2={at(i).y} />
        ))}
        <g class="node centre" tabindex={0} aria-label={`identity ${name}`}>
          <title>{name}</title>
          <circle cx={cx} cy={cy} r={22} />
          <text x={cx} y={cy + 38} text-anchor="middle">
            {shorten(name, 30)}
          </text>
        </g>
        {nodes.map((n, i) => (
          <g
            key={n.key}
            class={`node acc-${n.access}${n.sensitive ? ' sensitive' : ''}`}
            tabindex={0}
            aria-label={`${n.label}: ${n.detail}`}
          >
            <title>{`${n.label}: ${n.detail}`}</title>
            <circle cx={at(i).x} cy={at(i).y} r={n.sensitive ? 11 : 8} />
            <text x={at(i).x} y={at(i).y + 22} text-anchor="middle">
              {shorten(n.label, 22)}
            </text>
          </g>
        ))}
      </svg>
      <ReachLegend more={all.length - nodes.length} />
    </figure>
  );
}

function ReachLegend({ more }: { more: number }) {
  return (
    <figcaption class="legend">
      <span class="legend-item acc-admin">
        <span class="swatch" aria-hidden="true" />
        admin
      </span>
      <span class="legend-item acc-write">
        <span class="swatch" aria-hidden="true" />
        write
      </span>
      <span class="legend-item acc-read">
        <span class="swatch" aria-hidden="true" />
        read
      </span>
      <span class="legend-item acc-edge">
        <span class="swatch" aria-hidden="true" />
        edge (trust, membership)
      </span>
      <span class="legend-item">large node: sensitive resource</span>
      {more > 0 ? <span class="legend-item">{`+${more} more in the table below`}</span> : null}
    </figcaption>
  );
}
