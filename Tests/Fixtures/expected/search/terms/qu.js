handbookSearchLoaded("terms/qu",{"querying":[6,1]});
