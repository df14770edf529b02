import { SeverityBars, TrendChart } from '../charts.js';
import { Figure, LoadedView, SeverityBadge, TableWrap, identityHref } from '../components.js';
import { useApi } from '../hooks.js';
import { href } from '../router.js';
import { SEVERITIES, type Summary } from '../types.js';
import { RunsTable } from './runs.js';

export function OverviewPage() {
  const summary = useApi<Summary>('/summary');
  return (
    <section>
      <h1>Overview</h1>
      <LoadedView loaded={summary}>{(s) => <OverviewBody s={s} />}</LoadedView>
    </section>
  );
}

const ratio = (n: number | null) => (n === null ? 'n/a' : `${n.toFixed(1)}:1`);

function OverviewBody({ s }: { s: Summary }) {
  const open = SEVERITIES.reduce((sum, sev) => sum + (s.openFindingsBySeverity[sev] ?? 0), 0);
  return (
    <>
      <div class="figures" data-testid="figures">
        <Figure label="identities" value={s.current} hint={s.gone ? `${s.gone} gone` : undefined} />
        <Figure label="open findings" value={open} />
        <Figure label="people" value={s.people} />
        <Figure label="owned" value={s.owned} />
        <Figure label="unverified owner" value={s.unverified} />
        <Figure label="orphaned" value={s.orphaned} />
        <Figure label="owner departed" value={s.ownerDeparted} />
        <Figure label="NHI per person" value={ratio(s.nhiPerPerson)} />
      </div>
      <div class="grid2">
        <section aria-labelledby="sev-h">
          <h2 id="sev-h">Open findings by severity</h2>
          <SeverityBars counts={SEVERITIES.map((sev) => [sev, s.openFindingsBySeverity[sev] ?? 0])} />
        </section>
        <ByPlatform rows={s.byPlatform} />
      </div>
      <FixFirst s={s} />
      <section aria-labelledby="trend-h">
        <h2 id="trend-h">Open findings over runs</h2>
        <TrendChart trend={s.trend} />
      </section>
      <section aria-labelledby="runs-h">
        <h2 id="runs-h">Last runs</h2>
        <RunsTable runs={s.lastRuns} />
      </section>
    </>
  );
}

function FixFirst({ s }: { s: Summary }) {
  return (
    <section aria-labelledby="fix-h">
      <h2 id="fix-h">Fix first</h2>
      <p class="muted">Most severe open finding first, then exposure (reach × privilege × credential age × usage).</p>
      <TableWrap label="Fix first">
        <table data-testid="fix-first">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Identity</th>
              <th scope="col">Severity</th>
              <th scope="col" class="num">
                Open
              </th>
              <th scope="col" class="num">
                Exposure
              </th>
              <th scope="col">Owner</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {s.fixFirst.map((row, i) => (
              <tr key={row.id}>
                <td class="num">{i + 1}</td>
                <td class="name-cell">
                  <a href={identityHref(row.id)}>{row.name}</a>
                  <div class="muted small">{`${row.platform}:${row.tenant}`}</div>
                </td>
                <td>
                  <SeverityBadge severity={row.openSeverity} />
                </td>
                <td class="num">{row.openFindings}</td>
                <td class="num">{row.exposure}</td>
                <td>{row.owner ?? <span class="muted">none</span>}</td>
                <td class="small">{row.explanation}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function ByPlatform({ rows }: { rows: Summary['byPlatform'] }) {
  return (
    <section aria-labelledby="plat-h">
      <h2 id="plat-h">By platform</h2>
      <TableWrap label="Identities by platform">
        <table>
          <thead>
            <tr>
              <th scope="col">Platform</th>
              <th scope="col" class="num">
                Identities
              </th>
              <th scope="col" class="num">
                Open findings
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.platform}>
                <td>
                  <a href={href('/inventory', { platform: p.platform })}>{p.platform}</a>
                </td>
                <td class="num">{p.identities}</td>
                <td class="num">
                  <a href={href('/findings', { platform: p.platform })}>{p.openFindings}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
