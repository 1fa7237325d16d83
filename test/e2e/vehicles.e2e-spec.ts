import { Vehicle } from '../../src/vehicles/vehicle.entity';
import { VehiclesService } from '../../src/vehicles/vehicles.service';
import { placeCase } from '../support/cases';
import { aLender, anAgency, addUser, OrgSession } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, TestApp } from '../support/test-app';

const EUROPEAN = 'WVWZZZ1JZXW000001'; // position 9 is a filler Z, as in most European VINs

describe('vehicles', () => {
  let t: TestApp;
  let lender: OrgSession;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2024-06-30T12:00:00Z');
    lender = await aLender(t).build();
  });
  afterAll(() => t.close());

  const countVehicles = async (orgId: string) => Number((await t.db.query('SELECT count(*) AS n FROM vehicles WHERE org_id = $1', [orgId]))[0].n);

  const aCase = (session: OrgSession, region = 'US-TX') =>
    placeCase(t, session, { principal: 1_000_000, origination_date: '2021-01-01', first_missed_due_date: '2024-03-01', borrower: { name: 'Sam Roe', timezone: 'America/Chicago', region } });


  describe('VIN validation through the API', () => {
    it('accepts a valid North-American VIN, normalized, with its details', async () => {
      const caseId = await aCase(lender);
      const res = await t.http
        .post('/v1/vehicles')
        .set(lender.auth)
        .send({
          vin: ' 1hgcm82633a004352 ',
          case_id: caseId,
          plate: 'abc1234',
          plate_region: 'US-TX',
          make: 'Honda',
          model: 'Accord',
          year: 2003,
          mileage: 154_000,
          colour: 'silver',
          valuation: { amount: 320_000, currency: 'USD', source: 'Manheim MMR', date: '2024-06-01' },
          last_position: { latitude: 30.2672, longitude: -97.7431, at: '2024-06-29T14:03:00Z' },
          keys_available: true,
          lien_ref: 'TX-LIEN-778',
          title_status: 'lien_recorded',
        });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        vin: '1HGCM82633A004352',
        case_id: caseId,
        plate: 'ABC1234',
        status: 'financed',
        valuation: { amount: 320_000, currency: 'USD', source: 'Manheim MMR', date: '2024-06-01' },
        last_position: { latitude: 30.2672, longitude: -97.7431, at: '2024-06-29T14:03:00.000Z' },
        allowed_transitions: ['repo_ordered'],
      });
      const events = await t.db.query(`SELECT type FROM outbox_events WHERE aggregate_id = $1`, [res.body.id]);
      expect(events).toEqual([{ type: 'vehicle.created' }]);
      const kase = await t.http.get(`/v1/cases/${caseId}`).set(lender.auth);
      expect(kase.body.vehicle).toMatchObject({ id: res.body.id, vin: '1HGCM82633A004352' });
      expect((await t.http.get('/v1/cases?has_vehicle=true').set(lender.auth)).body.data.map((c: { id: string }) => c.id)).toContain(caseId);
    });

    it.each([
      ['a bad check digit', '1HGCM82633A004353', 'US-TX', /check digit/],
      ['bad characters', '1HGCM82633A00435I', 'US-TX', /except I, O and Q/],
      ['a bad length', '1HGCM82633A00435', 'US-TX', /17 characters/],
      ['a European VIN registered in the US', EUROPEAN, 'US-TX', /check digit/],
    ])('refuses %s (400, field vin) and writes nothing', async (_what, vin, region, message) => {
      const before = await countVehicles(lender.orgId);
      const body = expectProblem(await t.http.post('/v1/vehicles').set(lender.auth).send({ vin, plate: 'X1', plate_region: region }), 400, 'validation.failed');
      expect(body.errors).toEqual([{ field: 'vin', message: expect.stringMatching(message) }]);
      expect(await countVehicles(lender.orgId)).toBe(before);
    });

    it('exempts a non-North-American VIN from the check digit when its region is outside North America', async () => {
      const res = await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: EUROPEAN, plate: 'M-AB 123', plate_region: 'DE-BY', make: 'Volkswagen' });
      expect(res.status).toBe(201);
      expect(res.body.vin).toBe(EUROPEAN);
      // Without a region nothing says it is exempt: the check applies.
      expectProblem(await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: 'WVWZZZ1JZXW000002' }), 400, 'validation.failed');
      // A case's borrower region stands in for a missing plate region.
      const germanCase = await aCase(lender, 'DE-BY');
      expect((await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: 'WVWZZZ1JZXW000003', case_id: germanCase })).status).toBe(201);
    });

    it('refuses a duplicate VIN (409) and a second vehicle on a case (409)', async () => {
      const caseId = await aCase(lender);
      expect((await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: '1M8GDM9AXKP042788', case_id: caseId })).status).toBe(201);
      const before = await countVehicles(lender.orgId);
      expectProblem(await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: '1M8GDM9AXKP042788' }), 409, 'vehicle.vin_taken');
      expectProblem(await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: '3VWFE21C04M000001', case_id: caseId }), 409, 'case.has_vehicle');
      expect(await countVehicles(lender.orgId)).toBe(before);
    });

    it('refuses unknown fields, a plate without region and a foreign case', async () => {
      const other = await aLender(t).build();
      const foreignCase = await aCase(other);
      expectProblem(await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: '1HGCM82633A004352', owner: 'me' }), 400, 'validation.failed');
      expectProblem(await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: '1FTFW1ET5DFA00001', plate: 'X' }), 400, 'validation.failed');
      const body = expectProblem(await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: '1FTFW1ET5DFA00001', case_id: foreignCase }), 400, 'validation.failed');
      expect(body.errors).toEqual([{ field: 'case_id', message: 'is not one of your cases' }]);
      expect(await t.db.query(`SELECT 1 FROM vehicles WHERE vin = '1FTFW1ET5DFA00001'`)).toHaveLength(0);
    });
  });

  describe('status and updates', () => {
    let vehicleId: string;
    beforeAll(async () => {
      vehicleId = (await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: '11111111111111111', plate: 'RPO1', plate_region: 'US-TX' })).body.id;
    });

    it('follows the vehicle machine and refuses illegal moves with 409 naming current and requested', async () => {
      const ordered = await t.http.post(`/v1/vehicles/${vehicleId}/status`).set(lender.auth).send({ status: 'repo_ordered' });
      expect(ordered.status).toBe(200);
      expect(ordered.body.status).toBe('repo_ordered');
      // Located, recovered and stored come from the tow operator's reports, through the service.
      const vehicles = t.app.get(VehiclesService);
      for (const status of ['located', 'recovered', 'in_storage'] as const) {
        const moved = await t.db.transaction(async (m) => vehicles.moveStatus(m, await m.findOneByOrFail(Vehicle, { id: vehicleId }), status, { reason: 'tow report' }));
        expect(moved.status).toBe(status);
      }
      const refused = expectProblem(await t.http.post(`/v1/vehicles/${vehicleId}/status`).set(lender.auth).send({ status: 'order_cancelled' }), 409, 'vehicle.illegal_transition');
      expect(refused).toMatchObject({ current: 'in_storage', requested: 'order_cancelled', allowed: ['listed', 'redeemed'] });
      expect((await t.db.query('SELECT status FROM vehicles WHERE id = $1', [vehicleId]))[0].status).toBe('in_storage');
      const events = await t.db.query(`SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'vehicle.status_changed' ORDER BY seq`, [vehicleId]);
      expect(events.map((e: { payload: { to: string } }) => e.payload.to)).toEqual(['repo_ordered', 'located', 'recovered', 'in_storage']);
      expectProblem(await t.http.post(`/v1/vehicles/${vehicleId}/status`).set(lender.auth).send({ status: 'scrapped' }), 400, 'validation.failed');
    });

    it('refuses by hand the moves that belong to tow reports and the auction (422), writing nothing', async () => {
      const fresh = (await t.http.post('/v1/vehicles').set(lender.auth).send({ vin: '2HGFG12838H500001' })).body.id as string;
      expect((await t.http.post(`/v1/vehicles/${fresh}/status`).set(lender.auth).send({ status: 'repo_ordered' })).status).toBe(200);
      const eventsBefore = await t.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = $1`, [fresh]);
      for (const status of ['located', 'recovered', 'in_storage', 'listed', 'sold', 'released']) {
        const body = expectProblem(await t.http.post(`/v1/vehicles/${fresh}/status`).set(lender.auth).send({ status }), 422, 'vehicle.status_not_settable');
        expect(body.detail).toContain('repo_ordered, order_cancelled, redeemed');
      }
      expect((await t.db.query('SELECT status FROM vehicles WHERE id = $1', [fresh]))[0].status).toBe('repo_ordered');
      expect(await t.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = $1`, [fresh])).toEqual(eventsBefore);
      expect(await t.db.query(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'vehicle.status_changed' AND changes->'status'->>'after' <> 'repo_ordered'`, [fresh])).toHaveLength(0);
      // Where a person decides, the lender still moves it: the order is cancelled, and a later default orders it again.
      for (const status of ['order_cancelled', 'repo_ordered', 'redeemed']) {
        const res = await t.http.post(`/v1/vehicles/${fresh}/status`).set(lender.auth).send({ status, reason: 'lender decision' });
        expect(res.status).toBe(200);
        expect(res.body.status).toBe(status);
      }
    });

    it('updates position, keys and title, audits the change and emits vehicle.updated', async () => {
      const res = await t.http
        .patch(`/v1/vehicles/${vehicleId}`)
        .set(lender.auth)
        .send({ last_position: { latitude: 29.76, longitude: -95.37, at: '2024-06-30T08:00:00Z' }, keys_available: false, title_status: 'clean', mileage: 160_000 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ keys_available: false, title_status: 'clean', mileage: 160_000, last_position: { latitude: 29.76 } });
      const [audit] = await t.db.query(`SELECT changes FROM audit_log WHERE action = 'vehicle.updated' AND entity_id = $1`, [vehicleId]);
      expect(audit.changes).toMatchObject({ keysAvailable: { before: null, after: false }, mileage: { before: null, after: 160000 } });
      expect(await t.db.query(`SELECT 1 FROM outbox_events WHERE aggregate_id = $1 AND type = 'vehicle.updated'`, [vehicleId])).toHaveLength(1);
      expectProblem(await t.http.patch(`/v1/vehicles/${vehicleId}`).set(lender.auth).send({ vin: '11111111111111111' }), 400, 'validation.failed');
      expectProblem(await t.http.patch(`/v1/vehicles/${vehicleId}`).set(lender.auth).send({ last_position: { latitude: 91, longitude: 0, at: '2024-06-30T08:00:00Z' } }), 400, 'validation.failed');
    });

    it('lists with filters and pages', async () => {
      const res = await t.http.get('/v1/vehicles?status=in_storage').set(lender.auth);
      expect(res.body.data.map((v: { id: string }) => v.id)).toEqual([vehicleId]);
      const page = await t.http.get('/v1/vehicles?limit=1').set(lender.auth);
      expect(page.body.data).toHaveLength(1);
      expect(page.body.next_cursor).toEqual(expect.any(String));
      expect((await t.http.get(`/v1/vehicles?vin=11111111111111111`).set(lender.auth)).body.data).toHaveLength(1);
    });

    it('answers 404 to another lender and a partner, 403 to writes by a partner or a viewer', async () => {
      const other = await aLender(t).build();
      const agency = await anAgency(t).build();
      const viewer = await addUser(t, lender, 'viewer');
      expectProblem(await t.http.get(`/v1/vehicles/${vehicleId}`).set(other.auth), 404, 'vehicle.not_found');
      expectProblem(await t.http.get(`/v1/vehicles/${vehicleId}`).set(agency.auth), 404, 'vehicle.not_found');
      expectProblem(await t.http.patch(`/v1/vehicles/${vehicleId}`).set(other.auth).send({ colour: 'red' }), 404, 'vehicle.not_found');
      expectProblem(await t.http.post(`/v1/vehicles/${vehicleId}/status`).set(other.auth).send({ status: 'listed' }), 404, 'vehicle.not_found');
      expectProblem(await t.http.patch(`/v1/vehicles/${vehicleId}`).set(agency.auth).send({ colour: 'red' }), 403, 'auth.wrong_org_kind');
      expectProblem(await t.http.patch(`/v1/vehicles/${vehicleId}`).set(viewer.auth).send({ colour: 'red' }), 403, 'auth.insufficient_role');
      expect((await t.http.get('/v1/vehicles').set(other.auth)).body.data).toEqual([]);
      expect((await t.db.query('SELECT colour, status FROM vehicles WHERE id = $1', [vehicleId]))[0]).toEqual({ colour: null, status: 'in_storage' });
    });
  });
});
