import { closeDatabase, getDatabase } from '../client';

const database = await getDatabase();
console.log(`Migrations applied (${database.kind}).`);
await closeDatabase();
