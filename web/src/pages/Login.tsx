import { useState, type FormEvent } from 'react';
import { api, must, session } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { FormProblems, TextField } from '../ui/form';
import { useSubmit } from '../ui/status';

export function Login() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, busy, run } = useSubmit(['email', 'password']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => session.store(await must(api.POST('/v1/auth/login', { body: { email, password } }))));
  };
  return (
    <main id="content" className="login">
      <h1>{t('login.title')}</h1>
      <form onSubmit={submit} noValidate>
        <FormProblems errors={errors} />
        <TextField label={t('login.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fields.email} />
        <TextField label={t('login.password')} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fields.password} />
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
