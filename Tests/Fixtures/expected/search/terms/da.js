handbookSearchLoaded("terms/da",{"data":[8,4,7,1,19,1,20,1,21,1]});
