import { accessKeyAction } from './access-key.js';

/** Sets an IAM user's access key Active again (UpdateAccessKey): the inverse of deactivation. */
export const accessKeyActivate = accessKeyAction({
  id: 'aws.access-key.activate',
  title: 'Re-activate an IAM user access key',
  status: 'Active',
  inverse: 'aws.access-key.deactivate',
});
