handbookSearchLoaded("terms/nu",{"numbers":[8,4]});
