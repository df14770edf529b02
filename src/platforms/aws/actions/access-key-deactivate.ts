import { accessKeyAction } from './access-key.js';

/** Sets an IAM user's access key Inactive (UpdateAccessKey): requests signed with it fail until it is re-activated. */
export const accessKeyDeactivate = accessKeyAction({
  id: 'aws.access-key.deactivate',
  title: 'Deactivate an IAM user access key',
  status: 'Inactive',
  inverse: 'aws.access-key.activate',
});
